"""First-visit shim: see pages/shell.py::first_visit_shim."""
from pages.shell import run_app_for_first_visit

run_app_for_first_visit()
