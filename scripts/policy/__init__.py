"""The tooling of 《金融机构客户服务规范(标准版)》: load, validate, render, publish.

The core (model, rules, renderers) is plain Python and knows nothing of MkDocs.
"""

__version__ = "0.1.0"
