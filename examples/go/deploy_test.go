package main

// TestDeploy runs `pulumi up` on one form of the program through the real Pulumi CLI and engine,
// as Pulumi's Go Automation API runs an inline program: the API serves the Go language runtime
// itself and drives the CLI with --client (the CLI's Go language host, pulumi-language-go, is not
// needed). It is the driver of tests/engine/examples-go.test.ts and is skipped unless
// AAV_DEPLOY_JOB names a job file (JSON, deployJob below); it writes a deployResult as JSON to the
// job's resultFile.

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
)

// DeployJobEnv names the environment variable that gives TestDeploy its job file.
const DeployJobEnv = "AAV_DEPLOY_JOB"

type deployJob struct {
	// Form: "vpn" or "composed" (programFor).
	Form string `json:"form"`
	// ProjectDir holds Pulumi.yaml (with the backend's URL) and Pulumi.<stack>.yaml.
	ProjectDir string `json:"projectDir"`
	PulumiHome string `json:"pulumiHome"`
	Project    string `json:"project"`
	Stack      string `json:"stack"`
	// CliRoot: the CLI is CliRoot/bin/pulumi.
	CliRoot string `json:"cliRoot"`
	// Env: the CLI's environment (passphrase, PULUMI_DEBUG_PROVIDERS, PATH...).
	Env        map[string]string `json:"env"`
	ResultFile string            `json:"resultFile"`
}

type deployStep struct {
	Op   string `json:"op"`
	URN  string `json:"urn"`
	Type string `json:"type"`
}

type deployResult struct {
	OK      bool                   `json:"ok"`
	Errors  []string               `json:"errors"`
	Steps   []deployStep           `json:"steps"`
	Outputs map[string]interface{} `json:"outputs"`
	Summary map[string]int         `json:"summary"`
	Seconds float64                `json:"seconds"`
}

func TestDeploy(t *testing.T) {
	jobFile := os.Getenv(DeployJobEnv)
	if jobFile == "" {
		t.Skipf("%s is not set: the engine suite (tests/engine/examples-go.test.ts) runs this deploy against its fake cloud", DeployJobEnv)
	}
	data, err := os.ReadFile(jobFile)
	if err != nil {
		t.Fatal(err)
	}
	var job deployJob
	if err := json.Unmarshal(data, &job); err != nil {
		t.Fatalf("%s: %v", jobFile, err)
	}
	result := deploy1(job)
	out, err := json.MarshalIndent(result, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(job.ResultFile, out, 0o600); err != nil {
		t.Fatal(err)
	}
	if !result.OK {
		t.Errorf("pulumi up failed:\n%s", strings.Join(result.Errors, "\n"))
	}
}

func deploy1(job deployJob) deployResult {
	started := time.Now()
	result := deployResult{Errors: []string{}, Steps: []deployStep{}, Outputs: map[string]interface{}{}}
	fail := func(err error) deployResult {
		if len(result.Errors) == 0 {
			result.Errors = append(result.Errors, err.Error())
		}
		result.Seconds = time.Since(started).Seconds()
		return result
	}
	ctx := context.Background()
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: job.CliRoot, SkipVersionCheck: true})
	if err != nil {
		return fail(err)
	}
	stack, err := auto.UpsertStackInlineSource(ctx, job.Stack, job.Project, programFor(job.Form),
		auto.WorkDir(job.ProjectDir), auto.PulumiHome(job.PulumiHome), auto.Pulumi(cli), auto.EnvVars(job.Env))
	if err != nil {
		return fail(err)
	}

	// The engine's events: each resource's step (as the TypeScript harness records them) and the
	// diagnostics of severity error.
	stream := make(chan events.EngineEvent)
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for event := range stream {
			mu.Lock()
			if pre := event.ResourcePreEvent; pre != nil && pre.Metadata.Op != "same" {
				result.Steps = append(result.Steps, deployStep{Op: string(pre.Metadata.Op), URN: pre.Metadata.URN, Type: pre.Metadata.Type})
			}
			if diag := event.DiagnosticEvent; diag != nil && diag.Severity == "error" {
				result.Errors = append(result.Errors, strings.TrimSpace(diag.Message))
			}
			mu.Unlock()
		}
	}()
	up, err := stack.Up(ctx, optup.EventStreams(stream))
	wg.Wait()
	if err != nil {
		return fail(err)
	}
	for key, value := range up.Outputs {
		if value.Secret {
			result.Outputs[key] = "[secret]"
		} else {
			result.Outputs[key] = value.Value
		}
	}
	if up.Summary.ResourceChanges != nil {
		result.Summary = *up.Summary.ResourceChanges
	}
	result.OK = true
	result.Seconds = time.Since(started).Seconds()
	return result
}
