# The two commands: `make up` runs the stack locally, `make test` runs every test.
.PHONY: up down test build clean

MVN ?= mvn -B

up:
	@scripts/local-stack.sh up

down:
	@scripts/local-stack.sh down

test:
	DJL_OFFLINE=true OPT_OUT_TRACKING=true $(MVN) install

build:
	$(MVN) -DskipTests install

clean:
	$(MVN) -q clean
