"""The repository's own tools: one package, standard library only."""
