"""Climate Commitments Knowledge Graph."""
