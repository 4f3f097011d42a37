"""The terminal interface: the typer commands, their rendering and progress."""
