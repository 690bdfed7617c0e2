from advisor_web import create_app


def test_healthz_answers_ok_without_touching_the_database(tmp_path):
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/dir/x.db"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.data == b"ok"
    assert not (tmp_path / "no" / "such" / "dir" / "x.db").exists()


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.data == b"ready"


def test_readyz_is_503_when_the_database_file_cannot_be_opened(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where a directory should be")
    # A path under a regular file: SQLite cannot open it.
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{blocker}/x.db"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
