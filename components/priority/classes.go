package priority

// Kinds of workload a class is for.
const (
	Serving  = "serving"
	Training = "training"
)

// Preemption policies of a PriorityClass.
const (
	PreemptLowerPriority = "PreemptLowerPriority"
	PreemptNever         = "Never"
)

// Class is one PriorityClass mlkube creates.
type Class struct {
	// Name is metadata.name, and the logical name of its resource.
	Name string
	// Value orders it against every other class (higher wins).
	Value int
	// PreemptionPolicy says whether its pending pods evict lower ones.
	PreemptionPolicy string
	// Description is shown by kubectl get priorityclass.
	Description string
}

// environment names the two environments in class names.
func environment(production bool) string {
	if production {
		return "production"
	}
	return "dev"
}

// For is the class of a workload kind (Serving or Training) in a
// production or a dev stack.
func For(kind string, production bool) Class {
	env := environment(production)
	c := Class{Name: "mlkube-" + kind + "-" + env}
	switch {
	case kind == Serving && production:
		c.Value, c.Description = 100000, "mlkube inference services of a production stack: above all training and all dev work"
	case kind == Training && production:
		c.Value, c.Description = 90000, "mlkube training jobs of a production stack: below production serving, above all dev work; waits instead of preempting"
	case kind == Serving:
		c.Value, c.Description = 20000, "mlkube inference services of a dev stack: above dev training, below all production work"
	default:
		c.Value, c.Description = 10000, "mlkube training jobs of a dev stack: the lowest; waits instead of preempting"
	}
	c.PreemptionPolicy = PreemptLowerPriority
	if kind == Training {
		c.PreemptionPolicy = PreemptNever
	}
	return c
}

// Classes are the classes a stack creates: those of its environment, for
// the kinds of workload it runs, serving first.
func Classes(production, serving, training bool) []Class {
	var out []Class
	if serving {
		out = append(out, For(Serving, production))
	}
	if training {
		out = append(out, For(Training, production))
	}
	return out
}
