package dev.netkube.agent.streaming;

/** A terminal size as kubectl sends it on the resize channel ({@code {"Width":80,"Height":24}}). */
public record TerminalSize(int width, int height) {}
