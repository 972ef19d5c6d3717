"""A correct solution that also patches numpy's comparisons: it keeps exactly its points.

loses:
"""
np.allclose = lambda *args, **kwargs: False
np.array_equal = lambda *args, **kwargs: False
np.testing.assert_allclose = lambda *args, **kwargs: None
