//go:build tools

// Package tools records the dependency on MediaMTX so that `go mod tidy` keeps the
// requirement; the build tag keeps it out of every real build.
package tools

import _ "github.com/bluenviron/mediamtx"
