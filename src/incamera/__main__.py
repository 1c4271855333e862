from incamera.cli import main

main()
