"""Rendering: turning pipeline results into text for people (and JSON for programs)."""
