// Wrapper module that builds MediaMTX v1.5.1 from the Go module proxy.
// `go install github.com/bluenviron/mediamtx@v1.5.1` refuses modules whose go.mod
// has replace directives, so this module requires it and repeats them (they only
// take effect in the main module). Built by deploy/build-mediamtx.sh.
module pantau.local/mediamtx-build

go 1.21

require github.com/bluenviron/mediamtx v1.5.1

// The three replace directives of github.com/bluenviron/mediamtx v1.5.1's go.mod.
replace code.cloudfoundry.org/bytefmt => github.com/cloudfoundry/bytefmt v0.0.0-20211005130812-5bb3c17173e5

replace github.com/pion/ice/v2 => github.com/aler9/ice/v2 v2.0.0-20231112223552-32d34dfcf3a1

replace github.com/pion/webrtc/v3 => github.com/aler9/webrtc/v3 v3.0.0-20231112223655-e402ed2689c6
