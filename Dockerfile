# Production image: a release build of muster on the official Swift image.
FROM swift:6.1-bookworm AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Plugins ./Plugins
COPY Migrations ./Migrations
COPY Tests ./Tests
RUN swift build -c release --product muster --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/muster" /muster

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libcurl4 libxml2 tzdata \
    && rm -rf /var/lib/apt/lists/* && useradd --system --create-home muster
COPY --from=build /muster /usr/local/bin/muster
USER muster
EXPOSE 8080
ENTRYPOINT ["muster"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--migrate"]
