"""Language data: every word list of the core as a reviewed TSV file (data/), one validating loader
(loader.py), phrase matching on tokens (phrases.py) and one typed Vocabulary (vocab.py: `vocabulary()`)."""
