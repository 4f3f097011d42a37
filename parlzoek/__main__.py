from parlzoek.cli import main

main()
