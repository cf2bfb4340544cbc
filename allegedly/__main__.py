from allegedly.cli import main

main()
