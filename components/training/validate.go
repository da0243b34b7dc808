package training

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mlkube/mlkube/components/internal/kube"
)

// secretish names are secrets passed in plain sight: a Job's environment is
// readable by anyone who may read the Job.
var secretish = regexp.MustCompile(`(?i)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL)`)

// ddpEnv are set by the component on distributed jobs.
var ddpEnv = []string{"JOB_NAME", "RANK", "NODE_RANK", "WORLD_SIZE", "NNODES", "NPROC_PER_NODE", "MASTER_ADDR", "MASTER_PORT"}

// validate checks defaulted Args and returns every problem at once.
func validate(name string, a Args) error {
	var errs kube.Errors
	kube.ValidatePod(&errs, name, a.Pod, append([]string{"DATA_DIR", "CHECKPOINT_DIR", "JOB_COMPLETION_INDEX"}, ddpEnv...)...)
	switch a.RestartPolicy {
	case RestartNever, RestartOnFailure:
	default:
		errs.Add("RestartPolicy", "%q must be Never or OnFailure", a.RestartPolicy)
	}
	if a.Queue != "" {
		kube.ValidateName(&errs, "Queue", a.Queue)
	}
	if *a.BackoffLimit < 0 {
		errs.Add("BackoffLimit", "%d must not be negative", *a.BackoffLimit)
	}
	if t := a.TTLSecondsAfterFinished; t != nil {
		switch {
		case *t < 0:
			errs.Add("TTLSecondsAfterFinished", "%d must not be negative", *t)
		case a.Schedule == "":
			errs.Add("TTLSecondsAfterFinished", "applies only with a %s: a one-shot Job deleted by its TTL is created and run again by the next `pulumi up --refresh`", kube.Ref("Schedule"))
		}
	}
	if a.ActiveDeadlineSeconds < 1 {
		errs.Add("ActiveDeadlineSeconds", "%d must be positive", a.ActiveDeadlineSeconds)
	}
	if a.Completions < 0 || a.Parallelism < 0 {
		errs.Add("Completions", "Completions and Parallelism must not be negative")
	}
	if a.Completions > 0 && a.Parallelism > a.Completions {
		errs.Add("Parallelism", "%d must be at most %s (%d)", a.Parallelism, kube.Ref("Completions"), a.Completions)
	}
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		if secretish.MatchString(k) {
			errs.Add(kube.Quote("Env", k), "looks like a secret; move it to %s (a key of an existing Secret)", kube.Ref("SecretEnv"))
		}
	}
	for i, c := range a.NonRetriableExitCodes {
		if c < 1 || c > 255 {
			errs.Add("NonRetriableExitCodes["+strconv.Itoa(i)+"]", "%d must be an exit code from 1 to 255", c)
		}
	}
	if len(a.NonRetriableExitCodes) > 0 && a.RestartPolicy != RestartNever {
		errs.Add("NonRetriableExitCodes", "need %s Never (a pod failure policy needs it)", kube.Ref("RestartPolicy"))
	}
	validateSchedule(&errs, a)
	validateDistributed(&errs, a)
	validateVolumes(&errs, a)
	return errs.Err(TypeToken, name)
}

func validateSchedule(errs *kube.Errors, a Args) {
	if a.Schedule == "" {
		if a.ConcurrencyPolicy != "" || a.TimeZone != "" {
			errs.Add("ConcurrencyPolicy", "%s and %s need a %s", kube.Ref("ConcurrencyPolicy"), kube.Ref("TimeZone"), kube.Ref("Schedule"))
		}
		return
	}
	if !strings.HasPrefix(a.Schedule, "@") && len(strings.Fields(a.Schedule)) != 5 {
		errs.Add("Schedule", "%q must have five cron fields (minute hour day month weekday) or be a macro such as @daily", a.Schedule)
	}
	switch a.ConcurrencyPolicy {
	case ConcurrencyForbid, ConcurrencyReplace, ConcurrencyAllow:
	default:
		errs.Add("ConcurrencyPolicy", "%q must be Forbid, Replace or Allow", a.ConcurrencyPolicy)
	}
	if a.Distributed != nil && a.ConcurrencyPolicy != ConcurrencyForbid {
		errs.Add("ConcurrencyPolicy", "a scheduled distributed job must use Forbid: two runs would share one rendezvous Service")
	}
}

func validateDistributed(errs *kube.Errors, a Args) {
	d := a.Distributed
	if d == nil {
		return
	}
	if d.Nodes < 2 {
		errs.Add("Distributed.Nodes", "%d must be at least 2 (leave %s out for one pod)", d.Nodes, kube.Ref("Distributed"))
	}
	if d.Port < 1 || d.Port > 65535 {
		errs.Add("Distributed.Port", "%d is not a port", d.Port)
	}
	if a.Completions > 0 || a.Parallelism > 0 {
		errs.Add("Completions", "Completions and Parallelism are set by Distributed.Nodes")
	}
}

func validateVolumes(errs *kube.Errors, a Args) {
	for _, p := range []struct{ field, v string }{{"DataPath", a.DataPath}, {"CheckpointPath", a.CheckpointPath}} {
		if !strings.HasPrefix(p.v, "/") || p.v == "/" || p.v == "/tmp" || p.v == "/dev/shm" {
			errs.Add(p.field, "%q must be an absolute path other than /, /tmp and /dev/shm", p.v)
		}
	}
	if a.DataPath == a.CheckpointPath {
		errs.Add("CheckpointPath", "%q is also %s", a.CheckpointPath, kube.Ref("DataPath"))
	}
	if a.DataVolume != "" && a.DataVolume == a.CheckpointVolume {
		errs.Add("CheckpointVolume", "%q is also %s; data is mounted read-only", a.CheckpointVolume, kube.Ref("DataVolume"))
	}
	if s := a.StageData; s != nil {
		kube.ValidateImage(errs, "StageData.Image", s.Image)
		if len(s.Command) == 0 {
			errs.Add("StageData.Command", "is required: the copy to run before training")
		}
		kube.ValidateResources(errs, "StageData.Resources", *s.Resources)
	}
}
