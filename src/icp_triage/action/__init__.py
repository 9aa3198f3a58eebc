"""The GitHub Action surface: ``icp-triage action`` reads the event the runner hands it.

``events`` decides what an event asks for (pure), ``commands`` speaks the runner's file and
stdout protocols (workflow commands, ``GITHUB_OUTPUT``, ``GITHUB_STEP_SUMMARY``), ``run``
wires them to the workspace, the GitHub adapter and the tagging core.
"""
