"""A multi-label ensemble over hashed features: a linear model and a small network, averaged.

The linear bag-of-n-grams model is strong on words that name a right; the network, with one
hidden layer, also learns combinations ("delete" with "archive" is product support). Their
mean is steadier than either alone.
"""

from __future__ import annotations

from typing import Any

from thinc.api import Linear, Logistic, Model, Relu, chain
from thinc.layers.sparselinear import SparseLinear_v2

HIDDEN_WIDTH = 32
HIDDEN_BUCKETS = 65536


def _mean_forward(model: Model[Any, Any], features: Any, is_train: bool) -> tuple[Any, Any]:
    """The mean of the members' probabilities; each member learns from its own error.

    spaCy's multi-label loss hands back (mean - truth); a member's own error is
    (member - truth), so each is trained as if alone and the members stay an ensemble.
    """
    outputs, backprops = zip(*(member(features, is_train) for member in model.layers), strict=True)
    mean = sum(outputs) / len(outputs)

    def backprop(d_mean: Any) -> Any:
        for output, member_backprop in zip(outputs, backprops, strict=True):
            member_backprop(d_mean + output - mean)
        return []

    return mean, backprop


def _mean_init(model: Model[Any, Any], X: Any = None, Y: Any = None) -> None:
    for member in model.layers:
        member.initialize(X, Y)
    if Y is not None:
        model.set_dim("nO", Y.shape[1])


def mean_of(*members: Model[Any, Any]) -> Model[Any, Any]:
    """A layer whose output is the mean of its members' outputs."""
    # An unset nO makes chain() hand the labels to this layer when it initialises.
    return Model("mean_of", _mean_forward, init=_mean_init, layers=list(members), dims={"nO": None})


def linear_model(buckets: int, nO: int | None) -> Model[Any, Any]:
    """Hashed features → one logistic output per label (spaCy's bag-of-n-grams model)."""
    return chain(SparseLinear_v2(nO=nO, length=buckets), Logistic())


def hidden_network(width: int, buckets: int, nO: int | None) -> Model[Any, Any]:
    """Hashed features → `width` ReLU units → one logistic output per label."""
    # A positive bias keeps the units alive while the zero-initialised sparse layer learns.
    relu = Relu(nO=width, init_b=lambda ops, shape: ops.alloc(shape) + 0.1)
    return chain(SparseLinear_v2(nO=width, length=buckets), relu, Linear(nO=nO), Logistic())


def ensemble(linear_buckets: int, width: int, nO: int | None) -> Model[Any, Any]:
    """The mean of a linear model and a hidden-layer network over the same features."""
    return mean_of(linear_model(linear_buckets, nO), hidden_network(width, HIDDEN_BUCKETS, nO))
