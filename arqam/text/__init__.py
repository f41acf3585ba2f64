"""Text: the match key with its offset map, digits, morphology, tokens, and the analysed Document."""
