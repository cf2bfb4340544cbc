# Two entry points for a fresh machine: `make demo` and `make test`.
# Both create .venv (if needed) and install the pinned package into it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job: bundled real articles → allegedly.db, then show the seed article and the stories.
demo: $(STAMP)
	rm -f allegedly.db allegedly.db-wal allegedly.db-shm
	$(BIN)/allegedly ingest examples/articles --db allegedly.db
	$(BIN)/allegedly show --db allegedly.db 000_4dec16913f75ed72
	$(BIN)/allegedly stories --db allegedly.db

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) allegedly.db allegedly.db-wal allegedly.db-shm
