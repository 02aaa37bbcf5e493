# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of the openamp-host documentation (`make docs`).
# Only what Debian 12's python3-sphinx (5.3) ships: the default theme, no
# extension that fetches anything (the build runs without network).

project = "openamp-host"
author = "openamp-host"
copyright = "openamp-host contributors"
# Kept in step with debian/changelog by tools/testing/docs/run.sh.
release = "0.1.0"
version = release

extensions = []
master_doc = "index"
source_suffix = {".rst": "restructuredtext"}
# Everything else under Documentation/ is not Sphinx source: the man pages
# (installed as they are by the packages), the ABI files and the bindings,
# which the reference pages include.
exclude_patterns = ["man", "ABI", "devicetree", "_build"]

highlight_language = "none"
html_theme = "alabaster"
html_title = "openamp-host " + release
html_show_sourcelink = False
html_copy_source = False
html_static_path = []
