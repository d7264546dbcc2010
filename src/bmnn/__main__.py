from bmnn.cli import main

main()
