from parlzoek.terminal.cli import main

main()
