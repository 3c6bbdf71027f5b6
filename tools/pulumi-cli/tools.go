//go:build tools

// Package tools pins the Pulumi CLI that the engine suite builds. pkg/v3's own go.mod has replace
// directives, so `go install ...@version` refuses it; a module that requires it (and repeats the
// replace the build needs) can build it.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
