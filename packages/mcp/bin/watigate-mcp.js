#!/usr/bin/env node
// Committed so that npm links the command at install time, before dist/ is built.
import '../dist/bin.js';
