"""Alignment across articles: which sentences say the same thing, which articles are independent."""
