# Plantrack: `make run` to try it, `make test` to check it. Both set themselves up on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo lint messages ci bench load import-score clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "Plantrack: http://127.0.0.1:$(PORT)/  (password for every demo login: plantrack-demo)"
	@echo "  admin           superuser (first sign-in: set up two-step verification with an authenticator app)"
	@echo "  vanphong        Văn phòng Đảng ủy Khối (committee office)"
	@echo "  bantochuc       Ban Tổ chức Đảng ủy Khối (Organization Board)"
	@echo "  phutrach        Standing Committee member in charge"
	@echo "  bithu.taichinh  Secretary, Đảng bộ Sở Tài chính"
	@echo "  bithu.tuphap    Secretary, Chi bộ Sở Tư pháp"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the Vietnamese catalogues (one per app, one for project templates) and compile them.
# An app without its own locale/ folder would write its strings into the project catalogue: create it first.
messages: install
	# Run from the root: makemessages sends each app's strings to that app's locale/ folder, and the
	# rest (templates/, config/) to locale/. Running it inside tasks/ would import tasks/tasks.py as "tasks".
	mkdir -p organizations/locale plans/locale tasks/locale reports/locale
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --add-location=file \
		-i '.venv/*' -i 'tests/*' -i '*/tests/*' -i 'bench/*' -i 'staticfiles/*' -i 'media/*'
	$(BIN)/python manage.py compilemessages -i .venv

# Time the dashboard, plan page and matrix at 1,000 and 10,000 generated organizations, on SQLite and on the
# PostgreSQL at 127.0.0.1:5432 (it creates and drops plantrack_bench_1000 and _10000). BENCH_ARGS="--runs 50" etc.
bench: install
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

# Load and fault tests on 127.0.0.1 (tests/load/): 200 secretaries submitting with a PDF at once against gunicorn
# and PostgreSQL; PostgreSQL restarted during the load; Redis stopped; a Celery worker killed mid-report.
# It makes (and drops) its own databases and a private PostgreSQL cluster and Redis. LOAD_ARGS="--clients 30".
load: install
	$(BIN)/python -m tests.load.run_all $(LOAD_ARGS)

# How many tasks of the plan corpus (tasks/tests/plan_import/corpus/: .txt, .docx and .pdf plans of every
# committee level, each with its expected tasks) the importer reads right, per plan and overall, with the mismatches.
import-score: install
	$(BIN)/python -m tasks.tests.plan_import.score $(SCORE_ARGS)

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
