"""The verifier's training loss (training/train.py): three-way labels and FEVER's binary "not entails"."""

from __future__ import annotations

import torch

from training.train import NOT_ENTAILS, pair_loss


def test_three_way_labels_get_the_class_weighted_cross_entropy() -> None:
    torch.manual_seed(0)
    logits, labels = torch.randn(16, 3), torch.randint(0, 3, (16,))
    weights = torch.tensor([1.0, 2.0, 0.5])
    expected = torch.nn.CrossEntropyLoss(weight=weights)(logits, labels)
    assert torch.allclose(pair_loss(logits, labels, weights), expected, atol=1e-6)


def test_not_entails_is_scored_by_neutral_and_contradicts_together() -> None:
    logits = torch.tensor([[0.0, 2.0, -1.0], [0.0, -1.0, 2.0], [3.0, 0.0, 0.0]])
    labels = torch.full((3,), NOT_ENTAILS)
    probs = torch.softmax(logits, dim=-1)
    expected = -torch.log(probs[:, 1] + probs[:, 2]).mean()
    assert torch.allclose(pair_loss(logits, labels, torch.ones(3)), expected, atol=1e-6)
    # neutral or contradicts: either way the same loss; an "entails" reading costs far more
    assert pair_loss(logits[:1], labels[:1], torch.ones(3)) < pair_loss(logits[2:], labels[2:], torch.ones(3))
