# The two commands: `make up` runs the stack locally, `make test` runs every test.
.PHONY: up down test test-containers build clean weekly images lint-openapi

MVN ?= mvn -B

up:
	@scripts/local-stack.sh up

down:
	@scripts/local-stack.sh down

# The weekly job against the running stack: ingest WEEKLY_SOURCES (if any), train if better, batch top-N.
weekly:
	@scripts/weekly-job.sh

test:
	@scripts/test-rootfs-paths.sh
	DJL_OFFLINE=true OPT_OUT_TRACKING=true $(MVN) install

# The images, docker-compose.yml and the dev overlay's pods on podman (root or password-less sudo;
# installs podman from Debian's packages the first time). Under 10 minutes once the images exist.
test-containers:
	@scripts/test-containers.sh

# Redocly's recommended ruleset over docs/openapi/*.json (needs Node; make test runs the Java lint).
lint-openapi:
	@scripts/lint-openapi.sh

# Image tarballs of the four services (Jib, no Docker daemon): <service>/target/jib-image.tar.
images:
	@scripts/build-images.sh

build:
	$(MVN) -DskipTests install

clean:
	$(MVN) -q clean
