"""``python -m storyfuse`` runs the CLI."""

from storyfuse.cli import main

if __name__ == "__main__":
    main()
