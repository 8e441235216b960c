"""The project's benchmarks (``make bench``): beside the tool, not shipped in it.

- ``corpus``: synthetic data at any scale, and with any number of released editions;
- ``harness``: timing and memory of a step, as a process or in process;
- ``probes``: the steps measured, each calling the real pipeline;
- ``report``: the table, the budgets and build/bench.json.
"""
