// The jury's player: each question's marker seeks the recording to where it starts.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".video-marker");
  if (!button) return;
  const player = document.getElementById(button.dataset.player);
  if (!player) return;
  player.currentTime = parseFloat(button.dataset.offset) || 0;
  player.play().catch(() => {});
});
