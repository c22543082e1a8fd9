# syntax=docker/dockerfile:1
# A static binary (CGO_ENABLED=0: SQLite is pure Go) on a distroless base,
# running as a non-root user.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/waba-transport ./cmd/waba-transport

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/waba-transport /usr/local/bin/waba-transport
USER nonroot:nonroot
WORKDIR /home/nonroot
ENV WABA_HTTP_ADDR=:8080 WABA_DATABASE_URL=sqlite:/home/nonroot/data/waba-transport.db
EXPOSE 8080
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/waba-transport"]
CMD ["serve"]
