"""Provides the writing coach's rules, one module per rule family (run by coach.writing_checks)."""
