"""Row normalisation and IDF of the similarity matrices, against values worked out by hand."""

import math

import numpy as np
from scipy.sparse import csr_matrix

from cinematheque.recommendations.similarity import _idf, rows_l2_normalised


def test_rows_are_divided_by_their_euclidean_length():
    matrix = csr_matrix(np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]))
    third = 1 / math.sqrt(3)
    expected = np.array([[0.6, 0.8, 0.0], [0.0, 0.0, 0.0], [third, third, third]])
    normalised = rows_l2_normalised(matrix)
    assert isinstance(normalised, csr_matrix)
    np.testing.assert_allclose(normalised.toarray(), expected)


def test_normalised_rows_give_cosines_as_dot_products():
    matrix = csr_matrix(np.array([[2.0, 0.0], [1.0, 1.0]]))
    normalised = rows_l2_normalised(matrix)
    product = (normalised @ normalised.T).toarray()
    np.testing.assert_allclose(np.diag(product), [1.0, 1.0])
    assert math.isclose(product[0, 1], 1 / math.sqrt(2))


def test_idf_is_the_smooth_tf_idf_weight():
    # log((1 + n) / (1 + df)) + 1 with n = 9 films: df 0 → log 10 + 1, df 9 → 1.
    np.testing.assert_allclose(
        _idf(np.array([0.0, 4.0, 9.0]), 9), [math.log(10) + 1, math.log(2) + 1, 1.0]
    )
