"""The privacy desk application: triage, notice answers, cases, the web console and the worker."""
