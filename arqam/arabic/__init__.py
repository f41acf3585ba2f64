"""Arabic text utilities: match keys with offset maps, digits, tokens, lexicons."""
