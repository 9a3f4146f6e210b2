# Plantrack: `make run` to try it, `make test` to check it. Both set themselves up on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo lint messages ci bench clean

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
	@echo "  admin           superuser"
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
	for app in organizations plans tasks reports; do \
		mkdir -p $$app/locale && \
		(cd $$app && ../$(BIN)/django-admin makemessages -l vi --no-obsolete --settings=config.settings --pythonpath=..) || exit 1; \
	done
	$(BIN)/python manage.py makemessages -l vi --no-obsolete -i '.venv/*' -i 'organizations/*' -i 'plans/*' \
		-i 'tasks/*' -i 'reports/*' -i 'tests/*' -i 'staticfiles/*' -i 'media/*'
	$(BIN)/python manage.py compilemessages -i .venv

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
