"""The graph: department identity, RDF building and the projections to stores."""
