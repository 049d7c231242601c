"""The course's explorers: one small interactive figure per chapter, alive in Jupyter and on the static site.

An explorer's front end is an ES module of the course's own (`<name>.js` in this folder, which imports
what it shares with the others from `kit.js`), exporting anywidget's interface `export default { render }`.
`explorer_module(name)` joins it with the kit into one module text, and that same text runs

- in Jupyter, Binder and Colab: each explorer class below is an `anywidget.AnyWidget` whose `_esm` is that
  text; its state lives in synced traitlets, so Python can read or set it;
- on the static site: the cell's output also carries a `text/html` mount point with the state as JSON; the book
  renders that instead of the widget view (`nb_mime_priority_overrides` in `_config.yml`), and
  `assets/explorers.js` mounts the module there with a small in-page model. No kernel, no network.

Each explorer has one name, used three times in this folder: `<name>.py` (its widget and its readout),
`<name>.js` (its ES module) and the key of its readout in `READOUTS`; `kit.py` and `kit.js` hold what they share.

For each explorer a pure `*_readout` function returns every number the explorer shows, formatted exactly as it
shows it (`fixed`, `general`); the browser tests compare the page with it over a grid of settings.

>>> softmax_view([2.0, 1.0, 0.1]).probabilities.round(4).tolist()
[0.659, 0.2424, 0.0986]
>>> softmax_readout([2.0, 1.0, 0.1], 1.0)["p0"]
'0.6590'
>>> round(cross_entropy_view(0.7).loss, 4)
0.3567
"""

from .argmax import ArgmaxExplorer, argmax_readout
from .calibration import CalibrationExplorer, calibration_readout
from .char_model import CharModelExplorer, CharRNN, char_readout, export_char_model
from .cross_entropy import CrossEntropyExplorer, CrossEntropyView, cross_entropy_readout, cross_entropy_view
from .jacobian import JacobianExplorer, jacobian_readout
from .kit import (
    READOUTS,
    Explorer,
    explorer_css,
    explorer_module,
    explorer_names,
    fixed,
    format_vector,
    general,
    percent,
)
from .loss_gradient import LossGradientExplorer, loss_gradient_readout, true_class_logits
from .nn import NNExplorer, nn_explorer, nn_readout
from .softmax import SoftmaxExplorer, SoftmaxView, softmax_readout, softmax_view

__all__ = [
    "READOUTS",
    "ArgmaxExplorer",
    "CalibrationExplorer",
    "CharModelExplorer",
    "CharRNN",
    "CrossEntropyExplorer",
    "CrossEntropyView",
    "Explorer",
    "JacobianExplorer",
    "LossGradientExplorer",
    "NNExplorer",
    "SoftmaxExplorer",
    "SoftmaxView",
    "argmax_readout",
    "calibration_readout",
    "char_readout",
    "cross_entropy_readout",
    "cross_entropy_view",
    "explorer_css",
    "explorer_module",
    "explorer_names",
    "export_char_model",
    "fixed",
    "format_vector",
    "general",
    "jacobian_readout",
    "loss_gradient_readout",
    "nn_explorer",
    "nn_readout",
    "percent",
    "softmax_readout",
    "softmax_view",
    "true_class_logits",
]
