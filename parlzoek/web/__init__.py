"""``parlzoek serve``: the search engine as a small read-only web application (Starlette, Jinja2, uvicorn).

Starlette, Jinja2 and uvicorn come with the ``web`` extra (``pip install 'parlzoek[web]'``): the
terminal tool does not need them, so a plain install stays small.
"""
