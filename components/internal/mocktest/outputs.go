package mocktest

import "google.golang.org/protobuf/types/known/emptypb"

// RegisterResourceOutputs counts output registrations: one per component
// plus one for the stack. A component that never registers its outputs stays
// "creating" for ever in a real deployment.
func (r *Recorder) RegisterResourceOutputs() (*emptypb.Empty, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.OutputRegistrations++
	return &emptypb.Empty{}, nil
}
