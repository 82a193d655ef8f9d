"""A Django app of the tests: its tasks.py registers jobs whose side effects the
tests count, in the test process and in the real workers they start."""
