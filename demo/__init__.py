"""The living demo (`load_demo`): the notice's 2021 session with a synthetic history, and a
live session whose calendar puts today in the phase asked for, every object made through the
services, as users would have made it."""
