"""Evaluation against public data: extraction F1 now; ROUGE and B-cubed as they arrive."""
