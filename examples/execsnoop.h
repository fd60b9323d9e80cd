/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef EXECSNOOP_H
#define EXECSNOOP_H

#define TASK_COMM_LEN 16
#define ARGSIZE 64
#define MAX_ARGS 8

struct event {
	int pid;
	int ppid;
	int retval;
	int args_count;
	unsigned int args_size;
	char comm[TASK_COMM_LEN];
	char args[MAX_ARGS * ARGSIZE];
};

#endif
