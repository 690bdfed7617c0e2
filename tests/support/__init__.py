"""What every layer of tests shares, each written once: answer sets the article settles
(`answer_sets`), the one quiz runner (`quiz_runner`: a visitor taking the quiz through Flask's
test client or over HTTP), reading pages (`pages`) and the database (`database`), the servers
(`servers`: werkzeug in a thread, the one gunicorn launcher, waiting for any server to be
healthy and stopping it), the publisher's systems (`webhooks`: the receiver that verifies
signatures; `mail`: the SMTP server; `outbox`: queueing and draining on a fake clock), the other
site that frames the quiz (`host_site`), and the frozen 2025 engine (`engine_2025`: the
reference the N-option engine is checked against, nothing else)."""
