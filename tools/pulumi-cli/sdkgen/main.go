// Command sdkgen generates the SDK of one language for the component package's schema.json with
// Pulumi's own code generators, as `pulumi package add` does, offline:
//
//	sdkgen --schema schema.json --language go|python|nodejs|dotnet --out DIR [--namespace OWNER]
//
// What `pulumi package add` (pkg/v3 v3.276.0, cmd/pulumi/packages and packageworkspace) does, and
// what this program repeats: it binds the schema, turns SupportPack on (always, for `package add`),
// marshals the bound package to JSON and hands it to the language host, which binds it again and
// calls its code generator with local=true and no local dependencies. The hosts' GeneratePackage
// are small wrappers around the generators called here: pkg/v3/codegen/{go,python,nodejs} and, for
// .NET, pulumi-language-dotnet/v3/codegen. For a git source (github.com/<owner>/<repo>[@tag]) the
// CLI also sets the schema's namespace, when the schema has none, to the lowercased owner;
// --namespace does that. (It also sets pluginDownloadURL to git://github.com/<owner>/<repo> and, with
// a tag, the version; sdkgen leaves both as the schema has them.)
//
// Offline: the schema may reference no other package's types (a $ref outside "#/" is an error
// naming it), and a package listed under "dependencies" is answered by its name and version alone,
// which is all the generators read of it (the Node.js and Python generators put it in the SDK's
// package.json or setup.py; the CLI's loader would download its whole schema for that). The .NET
// generator downloads the package's logo (the schema's logoUrl, or else Pulumi's logo at a fixed
// commit of pulumi/pulumi) into logo.png: sdkgen answers that one URL with the same file, embedded
// here (pulumi_logo_64x64.png, from that commit), and refuses every other download.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	"github.com/hashicorp/hcl/v2"
	dotnetgen "github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3/codegen"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

var languages = []string{"go", "python", "nodejs", "dotnet"}

// defaultLogoURL is what the .NET generator (pulumi-language-dotnet v3.112.1, codegen/gen.go getLogo)
// downloads when the schema has no logoUrl.
const defaultLogoURL = "https://raw.githubusercontent.com/pulumi/pulumi/dbc96206bec722b7791a22ff50e895ab7c0abdc0/sdk/dotnet/pulumi_logo_64x64.png"

//go:embed pulumi_logo_64x64.png
var defaultLogo []byte

// offlineTransport answers the default logo's URL from the embedded copy and refuses the rest.
type offlineTransport struct{}

func (offlineTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.String() == defaultLogoURL {
		return &http.Response{
			Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:        http.Header{"Content-Type": []string{"image/png"}},
			Body:          io.NopCloser(bytes.NewReader(defaultLogo)),
			ContentLength: int64(len(defaultLogo)),
			Request:       req,
		}, nil
	}
	return nil, fmt.Errorf("a generator asked for %s; sdkgen works offline (a schema's logoUrl is downloaded by the .NET generator: leave it out)", req.URL)
}

func main() {
	http.DefaultTransport = offlineTransport{}
	http.DefaultClient = &http.Client{Transport: offlineTransport{}}
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("sdkgen", flag.ContinueOnError)
	schemaPath := flags.String("schema", "", "the package schema (JSON)")
	language := flags.String("language", "", "go, python, nodejs or dotnet")
	out := flags.String("out", "", "the folder to write the SDK into (created; files in it are overwritten)")
	namespace := flags.String("namespace", "", "the git owner `pulumi package add github.com/OWNER/REPO` would set as namespace")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (usage: sdkgen --schema FILE --language LANG --out DIR [--namespace OWNER])", flags.Arg(0))
	}
	if *schemaPath == "" {
		return errors.New("--schema is required")
	}
	if !contains(languages, *language) {
		return fmt.Errorf("--language %q: must be one of %s", *language, strings.Join(languages, ", "))
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	if *namespace != "" && strings.ContainsAny(*namespace, "/@ \t") {
		return fmt.Errorf("--namespace %q: give the git owner alone (the OWNER of github.com/OWNER/REPO)", *namespace)
	}

	raw, err := os.ReadFile(*schemaPath)
	if err != nil {
		return fmt.Errorf("--schema %q: %w", *schemaPath, err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("--schema %q: not a package schema: %w", *schemaPath, err)
	}
	if refs := externalRefs(raw); len(refs) > 0 {
		return fmt.Errorf("--schema %q references other packages' schemas, which sdkgen does not download (it generates offline): %s",
			*schemaPath, strings.Join(refs, ", "))
	}
	// packages.setSpecNamespace: only when the schema sets none, lowercased.
	if *namespace != "" && spec.Namespace == "" {
		spec.Namespace = strings.ToLower(*namespace)
	}

	pkg, err := bindAsPackageAdd(spec)
	if err != nil {
		return fmt.Errorf("--schema %q: %w", *schemaPath, err)
	}
	files, err := generate(*language, pkg, newOfflineLoader(spec.Dependencies))
	if err != nil {
		return fmt.Errorf("--language %s: %w", *language, err)
	}
	if err := write(*out, files); err != nil {
		return fmt.Errorf("--out %q: %w", *out, err)
	}
	return nil
}

// bindAsPackageAdd binds the spec, sets SupportPack, and binds what that marshals to again: the
// package the language host's generator receives from `pulumi package add`.
func bindAsPackageAdd(spec schema.PackageSpec) (*schema.Package, error) {
	loader := newOfflineLoader(spec.Dependencies)
	first, err := bind(spec, loader)
	if err != nil {
		return nil, err
	}
	first.SupportPack = true
	marshalled, err := first.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var again schema.PackageSpec
	if err := json.Unmarshal(marshalled, &again); err != nil {
		return nil, err
	}
	return bind(again, loader)
}

// bind is packages.BindSpec: dangling references allowed, error diagnostics fail, warnings printed.
func bind(spec schema.PackageSpec, loader schema.Loader) (*schema.Package, error) {
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			fmt.Fprintf(os.Stderr, "sdkgen: warning: %s\n", d.Error())
		}
	}
	if diags.HasErrors() {
		return nil, errors.Join(diags.Errs()...)
	}
	return pkg, nil
}

// generate calls the generator as the language host's GeneratePackage does for `package add`
// (tool name of the host, no extra files, no local dependencies, local=true for Node.js).
func generate(language string, pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
	switch language {
	case "go":
		return gogen.GeneratePackage("pulumi-language-go", pkg, nil)
	case "python":
		return pythongen.GeneratePackage("pulumi-language-python", pkg, nil, loader)
	case "nodejs":
		return nodejsgen.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, true, loader)
	case "dotnet":
		return dotnetgen.GeneratePackage("pulumi-language-dotnet", pkg, nil, nil)
	}
	return nil, fmt.Errorf("unknown language %q", language)
}

func write(out string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(out, filepath.FromSlash(name))
		if rel, err := filepath.Rel(out, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("generated file %q would land outside the folder", name)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("sdkgen: wrote %d files to %s\n", len(names), out)
	return nil
}

// externalRefs lists the distinct $ref values that point into another package's schema.
func externalRefs(raw []byte) []string {
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil
	}
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, child := range v {
				if s, ok := child.(string); ok && k == "$ref" {
					if !strings.HasPrefix(s, "#/") && !strings.HasPrefix(s, "pulumi.json#/") {
						seen[s] = true
					}
					continue
				}
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(doc)
	refs := make([]string, 0, len(seen))
	for r := range seen {
		refs = append(refs, r)
	}
	sort.Strings(refs)
	return refs
}

// offlineLoader answers for the packages the schema lists under "dependencies" with a package of
// their name and version and nothing else, and refuses every other package.
type offlineLoader struct {
	deps []schema.PackageDescriptor
}

func newOfflineLoader(deps []schema.PackageDescriptor) *offlineLoader {
	return &offlineLoader{deps: deps}
}

func (l *offlineLoader) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	return l.LoadPackageV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (l *offlineLoader) LoadPackageV2(ctx context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	for _, dep := range l.deps {
		if dep.PackageName() != d.PackageName() || (d.Version != nil && dep.PackageVersion() != nil && !d.Version.EQ(*dep.PackageVersion())) {
			continue
		}
		stub := schema.PackageSpec{Name: dep.PackageName()}
		if v := dep.PackageVersion(); v != nil {
			stub.Version = v.String()
		}
		return schema.ImportSpec(stub, nil, l, schema.ValidationOptions{})
	}
	version := "any version"
	if d.Version != nil {
		version = "version " + d.Version.String()
	}
	return nil, fmt.Errorf("package %q (%s) is not among the schema's dependencies, and sdkgen does not download schemas", d.PackageName(), version)
}

func (l *offlineLoader) LoadPackageReference(name string, version *semver.Version) (schema.PackageReference, error) {
	return l.LoadPackageReferenceV2(context.Background(), &schema.PackageDescriptor{Name: name, Version: version})
}

func (l *offlineLoader) LoadPackageReferenceV2(ctx context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	pkg, err := l.LoadPackageV2(ctx, d)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
