"""Models of the training stage."""
