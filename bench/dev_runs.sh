#!/usr/bin/env bash
# bench/dev_runs.sh VENV_BIN OUTDIR: TREC runs of all 2,264 dev queries (topics on an index without themes,
# titles on one without title), plus their evaluation. A change that must not move results: run it
# before and after (each with its own venv), then python bench/compare_runs.py BEFORE AFTER.
set -euo pipefail
BIN=$1; OUT=$2; D=${PARLZOEK_DEKAMER:-$(dirname "$0")/../../shared/data/dekamer}
mkdir -p "$OUT"
python3 - "$D/dev-corpus.jsonl" "$OUT" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
with open(src) as f, open(f"{out}/nothemes.jsonl", "w") as a, open(f"{out}/notitle.jsonl", "w") as b:
    for line in f:
        r = json.loads(line)
        a.write(json.dumps({k: v for k, v in r.items() if k != "themes"}, ensure_ascii=False) + "\n")
        b.write(json.dumps({k: v for k, v in r.items() if k not in ("themes", "title")}, ensure_ascii=False) + "\n")
PY
"$BIN/parlzoek" index "$OUT/nothemes.jsonl" --index "$OUT/idx-topics" --rebuild >/dev/null 2>&1
"$BIN/parlzoek" index "$OUT/notitle.jsonl" --index "$OUT/idx-titles" --rebuild >/dev/null 2>&1
"$BIN/parlzoek" batch "$D/dev-topics.tsv" --index "$OUT/idx-topics" -f trec -o "$OUT/topics.trec"
"$BIN/parlzoek" batch "$D/dev-titles.tsv" --index "$OUT/idx-titles" -f trec -o "$OUT/titles.trec"
"$BIN/parlzoek" evaluate --run "$OUT/topics.trec" --qrels "$D/dev-topics.qrels" > "$OUT/topics.eval"
"$BIN/parlzoek" evaluate --run "$OUT/titles.trec" --qrels "$D/dev-titles.qrels" > "$OUT/titles.eval"
cat "$OUT/topics.eval" "$OUT/titles.eval"
