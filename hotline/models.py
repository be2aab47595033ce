"""The public hotline: reports from citizens and businesses, their timeline and answers."""
