"""What every layer of tests shares: answer sets the article settles (`answer_sets`), the one
quiz runner (`quiz_runner`: a visitor taking the quiz through Flask's test client or over
HTTP), reading pages (`pages`) and the database (`database`), the servers (`servers`:
werkzeug in a thread, and the one gunicorn launcher), and the frozen 2025 engine
(`engine_2025`: the reference the N-option engine is checked against, nothing else)."""
